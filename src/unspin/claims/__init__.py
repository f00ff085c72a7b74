"""Check-worthy claims: sentence features, the numpy-only linear scorer, and CheckThat! debate files."""
