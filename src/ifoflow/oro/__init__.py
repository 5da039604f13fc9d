"""Orosanmälan: reports of concern about a child, registered in seconds with their deadlines, with decision support
for the case worker. Never an automated decision about a child."""
