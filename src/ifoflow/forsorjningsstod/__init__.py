"""Process: ekonomiskt bistånd (försörjningsstöd): e-service, calculation input, the robot that decides,
the case worker's queue and decision, the decision letter, key figures."""

