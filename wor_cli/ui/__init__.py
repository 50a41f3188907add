"""What only a terminal needs: rich output, questionary prompts, tables."""
