"""Process governance in the API: activities, RACI, policies and definition versions."""
