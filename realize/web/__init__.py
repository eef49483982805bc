"""The Streamlit app's package: the process's store, cached queries, filters, widgets, tables, sign-in. The only
code that imports Streamlit.
"""
