"""Scorers for unspin's tasks; each task module adds its ``unspin eval`` sub-subcommand."""
