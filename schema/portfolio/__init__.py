"""The portfolio area: the decisions that move services through the portfolio, and what each
service costs, is worth and attains."""
