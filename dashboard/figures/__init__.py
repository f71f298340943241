"""Pure figure builders: data in, Plotly figure out."""
