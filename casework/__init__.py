"""The domain of Smart Brain: cases, their events and the rules they follow.

Nothing here imports dash, flask, socketio or redis, nor any other package of ours.
"""
