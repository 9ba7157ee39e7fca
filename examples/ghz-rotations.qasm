// A 4-qubit GHZ state followed by rotations: exercises parameter expressions and broadcasting.
OPENQASM 2.0;
include "qelib1.inc";
gate entangle a, b { cx a, b; }
qreg q[4];
creg c[4];
h q[0];
entangle q[0], q[1];
entangle q[1], q[2];
entangle q[2], q[3];
ry(pi/3) q[1];
rz(-2*pi/3) q;
u3(0.3, sin(0.2), pi/4) q[3];
crx(pi/5) q[3], q[0];
barrier q;
measure q -> c;
