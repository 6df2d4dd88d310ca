"""Subsidy eligibility: rules from the 要綱, one module per programme, versioned by 年度."""
