"""The fleet: a kiosk reports its health to an MQTT broker and takes remote config and commands from it
(:mod:`.agent`); topics in :mod:`.topics`, what may change remotely in :mod:`.remote_config`, the orders in
:mod:`.commands`."""
