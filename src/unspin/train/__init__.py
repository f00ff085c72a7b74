"""Training code (torch, transformers): install with ``pip install -e .[train]``; never imported at runtime."""
