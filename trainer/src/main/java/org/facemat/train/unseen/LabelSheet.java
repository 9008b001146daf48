package org.facemat.train.unseen;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.facemat.face.FaceCrop;
import org.facemat.train.data.FaceBox;
import org.facemat.train.data.Images;

/**
 * The contact sheet of every labelled face, for a person to check the labels: per face a row of the picture, the
 * skin label and the person matte, cropped around the face; dropped faces carry their reason in red.
 */
final class LabelSheet {
    static final int TILE = 160;
    /** Crop side around the face box: wide enough to see the oval against the hair, ears and neck. */
    static final double CROP = 1.8;

    /** One face on the sheet; {@code dropped} is the reason it was left out, or null. */
    record Row(LabelledPicture picture, int face, String dropped) {
    }

    private LabelSheet() {
    }

    static void write(List<Row> rows, Path out) throws IOException {
        int cols = 2; // two faces side by side: 6 tiles a line
        int lines = Math.max(1, (rows.size() + cols - 1) / cols);
        BufferedImage sheet = new BufferedImage(cols * 3 * TILE, lines * TILE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            for (int r = 0; r < rows.size(); r++) {
                draw(g, rows.get(r), (r % cols) * 3 * TILE, (r / cols) * TILE);
            }
        } finally {
            g.dispose();
        }
        SplitFiles.png(sheet, out);
    }

    private static void draw(Graphics2D g, Row row, int x, int y) {
        LabelledPicture p = row.picture();
        FaceBox b = p.box(row.face());
        FaceCrop c = new FaceCrop(b.centerX(), b.centerY(), CROP * Math.max(b.w(), b.h()), 0);
        int w = p.width();
        int h = p.height();
        g.drawImage(Images.rgb(c.sample(p.rgb(), 3, h, w, TILE, FaceCrop.Outside.BLACK), TILE, TILE), x, y, null);
        g.drawImage(Images.grey(c.sample(p.skin(), 1, h, w, TILE, FaceCrop.Outside.BLACK), TILE, TILE), x + TILE, y, null);
        g.drawImage(Images.grey(c.sample(p.person(), 1, h, w, TILE, FaceCrop.Outside.BLACK), TILE, TILE), x + 2 * TILE, y, null);
        caption(g, p.item(row.face()), Color.WHITE, x + 2, y + 12);
        if (row.dropped() != null) {
            caption(g, "DROPPED: " + row.dropped(), Color.RED, x + 2, y + TILE - 4);
        }
    }

    private static void caption(Graphics2D g, String text, Color color, int x, int y) {
        g.setColor(Color.BLACK);
        g.drawString(text, x + 1, y + 1);
        g.setColor(color);
        g.drawString(text, x, y);
    }
}
