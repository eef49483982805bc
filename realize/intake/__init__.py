"""Reading files: the guard, layouts, cells, header and sheet recognition, validation. No database, no Streamlit."""
