"""Official documents in the Decree 30/2020/NĐ-CP layout, as DOCX (docxtpl) and PDF (fpdf2).

``content`` holds what a document says; ``word`` fills a DOCX template with it (sandboxed);
``printing`` prints the same content as a PDF; ``skeleton`` builds the shipped templates.
"""
