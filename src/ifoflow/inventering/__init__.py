"""Process: the process inventory (what to automate), its benefit and investment calculations."""

