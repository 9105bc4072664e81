"""The main window and its frame: commands and menus, the banner, sign-in, the window's own
state, and the wiring of features into it: editing, the File menu's commands, the quarter's
pages and menu. Only the shell knows ``MainWindow``; features are typed against what they use."""
