# FaceMat post sample for Natron: the FaceMat OpenFX plug-in live on the sample clip. Reads the clip, runs the
# FaceMat node (matte in alpha, RGB = the plate) and writes 16-bit RGBA PNGs with the matte in alpha.
#
# Install the plug-in first (docs/ofx.md), e.g. from the repository root:
#   mvn package -DskipTests
#   export OFX_PLUGIN_PATH=$PWD/plugin/target
# Then, with the repository root as the working folder, render it in the background:
#   NatronRenderer -t sample-projects/natron/facemat_ofx_sample.py
# which renders the clip (Natron frames 1-100: a movie's first frame is frame 1 in Natron) to
# renders/ofx/sample.####.png, or run it in Natron's Script Editor and save the project (File > Save Project).
# Optional environment: FACEMAT_SAMPLE_FRAMES (e.g. "1-10"), FACEMAT_SAMPLE_OUT (the output file pattern).
#
# Colour: the Read converts the clip from sRGB to Natron's scene-linear working space (as Natron does by default);
# FaceMat's input colour space is left on Auto, which is linear in Natron, so the plug-in converts back to what
# the network was trained on, and the matte is the command line's matte of the clip. The Write converts the plate
# back to sRGB; alpha is not converted.
#
# Rendered by NatronRenderer 2.5 in the tests (plugin/src/test/java/org/facemat/ofx/OfxNatronTest.java).
import os

import NatronEngine

app = NatronEngine.natron.getActiveInstance()
root = os.getcwd()
first, last = (int(v) for v in os.environ.get("FACEMAT_SAMPLE_FRAMES", "1-100").split("-"))


def set_colour_space(node, param, names):
    """Sets an OCIO colour-space parameter to the first of names the configuration has (configurations differ).
    The names are listed by the parameter's choice twin, param + "Index"."""
    choice = node.getParam(param + "Index")
    options = [choice.getOption(i) for i in range(choice.getNumOptions())] if choice is not None else []
    for name in names:
        if any(o == name or o.endswith("/" + name) for o in options):
            node.getParam(param).setValue(name)
            return
    print("FaceMat sample: none of %s in the OCIO configuration for %s.%s" % (names, node.getScriptName(), param))


# createReader sets the Read's frame range from the file (a Read made with createNode has none)
plate = app.createReader(os.path.join(root, "sample-projects", "clip", "cap13-sample.mp4"))
plate.setScriptName("Plate")
set_colour_space(plate, "ocioInputSpace", ["sRGB D65", "sRGB", "srgb8"])

facemat = app.createNode("org.facemat.FaceMat")
if facemat is None:
    raise RuntimeError("the FaceMat OpenFX plug-in is not loaded: put FaceMat.ofx.bundle in a folder of "
                       "OFX_PLUGIN_PATH (see docs/ofx.md)")
facemat.setScriptName("FaceMat")
facemat.connectInput(0, plate)
facemat.getParam("outputMode").setValue(0)  # matte in alpha, RGB = the plate
facemat.getParam("colorSpace").setValue(0)  # Auto: scene-linear in Natron
facemat.getParam("preroll").setValue(8)     # frames run again after a jump, to rebuild the recurrent state

out = os.environ.get("FACEMAT_SAMPLE_OUT", os.path.join(root, "renders", "ofx", "sample.####.png"))
writer = app.createWriter(out)
writer.setScriptName("WriteMatte")
writer.connectInput(0, facemat)
writer.getParam("formatType").setValue(0)   # the input's size
writer.getParam("bitDepth").setValue(1)     # 16-bit PNG
set_colour_space(writer, "ocioInputSpace", ["Linear sRGB / REC.709 D65", "linear", "scene_linear"])
set_colour_space(writer, "ocioOutputSpace", ["sRGB D65", "sRGB", "srgb8"])

if NatronEngine.natron.isBackground():
    # NatronRenderer has no Viewer node; it renders the Write and must end with quit() (it crashes on exit without)
    app.render(writer, first, last)
    quit()
