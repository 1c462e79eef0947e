//! Calendars (RFC 5545): merged from the icsimg branch.
