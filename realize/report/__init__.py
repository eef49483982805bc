"""Pure rendering for people: formatting, narrative, headlines, charts, the brief, workbooks and downloads, the
board pack. No database, no Streamlit.
"""
