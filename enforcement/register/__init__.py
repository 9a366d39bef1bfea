"""The intake register (sổ thụ lý) as the offices print it: rows, workbook and page.

``cells`` writes each cell the way offices write it (and the register import reads it back),
``workbook`` lays the register out on A4 landscape, ``views`` serves it per unit and period.
"""
