package org.keras2dl4j.validator.summary;

import org.keras2dl4j.InvalidModelException;

/**
 * A text given as a Keras {@code model.summary()} that cannot be read as one, or whose numbers do
 * not add up. The message names the source and, for a line that cannot be read, its number and
 * text, e.g. {@code summary.txt:7: cannot read this row: "conv2d_1 (Conv2D) (None, 56, 56, 96) 34x944"}.
 */
public class SummaryFormatException extends InvalidModelException {
    private static final long serialVersionUID = 1L;

    public SummaryFormatException(String message) {
        super(message);
    }
}
