"""What every area shares: who is asking, what they may do and see, how input is checked, refusals
and the audit trail.
"""
