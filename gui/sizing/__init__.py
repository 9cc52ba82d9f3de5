"""The sizing panel: one page per calculator over knowledge.sizing."""
