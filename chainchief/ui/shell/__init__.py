"""The main window and its frame: commands and menus, the banner, icons, fonts, sign-in, the
window's own state, and the wiring of editing into it."""
