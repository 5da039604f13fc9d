"""Alerts to people who must act now: the social emergency service on an acute orosanmälan (and, later, the IT
strategist on a robot in trouble), by e-mail, an SMS gateway or only on their page. Keyed by what they are about."""
