"""The workspace's tables: firms, targets, projects, people and departments, chains."""
