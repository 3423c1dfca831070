"""What every area shares: who is asking, what they may do and see, how input is checked, refusals,
the audit trail, the administrator check, and how a change to what was approved is decided.
"""
