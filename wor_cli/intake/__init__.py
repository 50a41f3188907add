"""Recording a step of a referral: the field tables, the flows that ask them, answers files and drafts."""
