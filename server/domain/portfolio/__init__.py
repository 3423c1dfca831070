"""The service portfolio: decisions that move services, and what each service costs and is worth."""
