"""The case worker's workspace: the whole case on one page, the journal, my cases, dashboards."""
