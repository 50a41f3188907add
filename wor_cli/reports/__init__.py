"""Figures and stories for a period, their text, HTML and chart forms, anonymised stories and the minimal dataset."""
