"""Annotation round trips: corrected predictions back into training and evaluation data."""
