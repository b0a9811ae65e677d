"""Presentation of games and results: plain text for terminals, HTML for Jupyter.

Displays present what result objects hold; they compute nothing of their own.
"""
