"""Layout pieces shared by pages (chart cards, controls, the deal explorer) and their callbacks."""
