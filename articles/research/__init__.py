"""Research accounts (issue 15 item 5): sign-in, saved searches with private feeds, collections shared by link.

Its own Django app (label "research") so its tables and migrations stay apart from the archive's.
"""
