"""The fpdf2 layout that printed salw's PDFs until the WeasyPrint engine replaced it.

Kept only as `bench/pdf.py`'s baseline, unchanged apart from its imports (git: the commit before
"One HTML-to-PDF engine"), so the comparison stays runnable. Not part of the product.
"""
