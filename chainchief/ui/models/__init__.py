"""Qt models over the rows the services return: the generic record table model and the action
items' model."""
