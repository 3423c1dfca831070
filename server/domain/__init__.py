"""Domain rules as plain functions: who may see and do what, and what is valid."""
