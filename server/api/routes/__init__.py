"""Route modules; each route parses, calls one service inside a transaction, and answers."""
