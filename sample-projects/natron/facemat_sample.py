# FaceMat post sample for Natron: builds a graph that reads the nuke-exr render of the sample clip and shows the
# face matte (A) and the uncertainty layer (facemat.uncertainty).
#
# Render first, from the repository root:
#   ./facemat render sample-projects/clip/cap13-sample.mp4 --preset nuke-exr --out renders/sample
# Then, with the repository root as the working folder, either run it in Natron's Script Editor, or render from
# the command line:
#   NatronRenderer -t sample-projects/natron/facemat_sample.py
# and save the project (File > Save Project) to get a .ntp.
import os

import NatronEngine

app = NatronEngine.natron.getActiveInstance() if hasattr(NatronEngine.natron, "getActiveInstance") else app1
root = os.getcwd()

reader = app.createNode("fr.inria.built-in.Read")
reader.setScriptName("ReadFaceMat")
reader.getParam("filename").setValue(os.path.join(root, "renders", "sample.####.exr"))

# the uncertainty layer into RGB (it is a standard deviation, small: the Grade multiplies it by 10 for viewing)
shuffle = app.createNode("net.sf.openfx.ShufflePlugin")
shuffle.setScriptName("ShowUncertainty")
shuffle.connectInput(0, reader)
for out in ("outputR", "outputG", "outputB"):
    param = shuffle.getParam(out)
    if param is not None:
        param.setValue("A.facemat.uncertainty")

grade = app.createNode("net.sf.openfx.GradePlugin")
grade.setScriptName("GainUncertainty")
grade.connectInput(0, shuffle)
gain = grade.getParam("white")
if gain is not None:
    gain.setValue(0.1, 0)

plate = app.createNode("fr.inria.built-in.Read")
plate.setScriptName("ReadPlate")
plate.getParam("filename").setValue(os.path.join(root, "sample-projects", "clip", "cap13-sample.mp4"))

viewer = app.createNode("fr.inria.built-in.Viewer")
viewer.connectInput(0, reader)
viewer.connectInput(1, grade)
viewer.connectInput(2, plate)
