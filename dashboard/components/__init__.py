"""Pure component builders: plain data in, Dash components out."""
