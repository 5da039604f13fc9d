"""Process: the monthly control of ongoing försörjningsstöd against the registers, its report and stops."""

