# FaceMat post sample for Natron: the FaceMat OpenFX plug-in live on the sample clip. Reads the clip, runs the
# FaceMat node (matte in alpha, RGB = the plate) and writes RGBA PNGs with the matte in alpha.
#
# Install the plug-in first (docs/ofx.md), e.g. from the repository root:
#   mvn package -DskipTests
#   export OFX_PLUGIN_PATH=$PWD/plugin/target JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
# Then, with the repository root as the working folder, run it in Natron's Script Editor, or in the background:
#   NatronRenderer -t sample-projects/natron/facemat_ofx_sample.py
# which renders frames 0-99 to renders/ofx/sample.####.png. Save the project (File > Save Project) to get a .ntp.
#
# Not yet opened in Natron: written from Natron's Python API documentation (see docs/ofx.md, "Tested and not tested").
import os

import NatronEngine

app = NatronEngine.natron.getActiveInstance() if hasattr(NatronEngine.natron, "getActiveInstance") else app1
root = os.getcwd()

plate = app.createNode("fr.inria.built-in.Read")
plate.setScriptName("Plate")
plate.getParam("filename").setValue(os.path.join(root, "sample-projects", "clip", "cap13-sample.mp4"))

facemat = app.createNode("org.facemat.FaceMat")
if facemat is None:
    raise RuntimeError("the FaceMat OpenFX plug-in is not loaded: put FaceMat.ofx.bundle in a folder of "
                       "OFX_PLUGIN_PATH (see docs/ofx.md)")
facemat.setScriptName("FaceMat")
facemat.connectInput(0, plate)
facemat.getParam("outputMode").setValue(0)  # matte in alpha, RGB = the plate
facemat.getParam("preroll").setValue(8)     # frames run again after a jump, to rebuild the recurrent state

writer = app.createNode("fr.inria.built-in.Write")
writer.setScriptName("WriteMatte")
writer.connectInput(0, facemat)
writer.getParam("filename").setValue(os.path.join(root, "renders", "ofx", "sample.####.png"))

viewer = app.createNode("fr.inria.built-in.Viewer")
viewer.connectInput(0, facemat)

if NatronEngine.natron.isBackground():
    app.render(writer, 0, 99)
