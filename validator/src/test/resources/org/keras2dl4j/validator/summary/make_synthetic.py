"""Writes the synthetic-*.txt summaries in this folder (python3 make_synthetic.py).

No Keras here: the tables are laid out by copies of the print_row functions of Keras 2.2
(keras/utils/layer_utils.py) and tf.keras 2.9-2.12 (keras/utils/layer_utils.py), and by hand in
Keras 3's box layout, on small made-up models whose counts add up. They reproduce layouts seen in
real summaries on public pages (cut and wrapped cells, Connected to over several lines, cut list
shapes, Keras 3 ellipses) for which no real text with a known source was at hand.
"""


def row_keras22(fields, positions):
    # Keras 2.2: every cell is cut at the next column's position, its last character blanked.
    line = ""
    for i, field in enumerate(fields):
        if i > 0:
            line = line[:-1] + " "
        line += str(field)
        line = line[: positions[i]]
        line += " " * (positions[i] - len(line))
    return [line]


def row_keras29(fields, positions):
    # tf.keras 2.9-2.12: cells wrap onto more lines at the column width, breaking after "',"
    # or "),"; the first column is indented by one space (nesting level 0).
    left = [str(x) for x in fields]
    lines = []
    while any(left):
        line = ""
        for col in range(len(left)):
            start = positions[col - 1] if col > 0 else 0
            end = positions[col]
            space = 2 if col != len(positions) - 1 else 0
            cutoff = end - start - space
            fit = left[col][:cutoff]
            cuts = [fit.find(x) + len(x) for x in ("),", "},", "],", "',") if fit.find(x) >= 0]
            if cuts:
                cutoff = min(cuts)
                fit = fit[:cutoff]
            if col == 0:
                line += " "
            line += fit
            line += " " * space if space else ""
            left[col] = left[col][cutoff:]
            line += " " * (positions[col] - len(line))
        lines.append(line)
    return lines


def keras2_table(rows, row_fn, positions, totals, model_name=None, blank_between=False):
    width = positions[-1]
    out = []
    if model_name:
        out.append(f'Model: "{model_name}"')
    out.append("_" * width)
    out += row_fn(["Layer (type)", "Output Shape", "Param #", "Connected to"], positions)
    out.append("=" * width)
    for i, r in enumerate(rows):
        out += row_fn(r, positions)
        if blank_between:
            out.append(" " * width)
        elif i < len(rows) - 1:
            out.append("_" * width)
    out.append("=" * width)
    out += totals
    out.append("_" * width)
    return "\n".join(out) + "\n"


POSITIONS = [32, 53, 65, 98]  # [.33, .55, .67, 1.] of 98, the functional default

keras22 = keras2_table(
    [
        ["input_1 (InputLayer)", "(None, 8)", 0, ""],
        ["dense_a (Dense)", "(None, 4)", 36, "input_1[0][0]"],
        ["split_into_two_halves (Lambda)", "[(None, 2), (None, 2)]", 0, "dense_a[0][0]"],
        ["shared_dense (Dense)", "multiple", 6, "split_into_two_halves[0][0]"],
        ["", "", "", "split_into_two_halves[0][1]"],
        ["concatenate_1 (Concatenate)", "(None, 4)", 0, "shared_dense[0][0]"],
        ["", "", "", "shared_dense[1][0]"],
        ["output_softmax_probabilities_layer (Dense)", "(None, 2)", 10, "concatenate_1[0][0]"],
    ],
    row_keras22, POSITIONS,
    ["Total params: 52", "Trainable params: 52", "Non-trainable params: 0"])
# Keras 2.2 prints the extra inbound layers of a row as rows of their own with empty cells.
keras22 = keras22.replace("_" * 98 + "\n" + " " * 65, " " * 65)
open("synthetic-keras2.2-functional.txt", "w").write(keras22)

keras29 = keras2_table(
    [
        ["input_1 (InputLayer)", "[(None, 256, 256, 3)]", 0, []],
        ["conv2d (Conv2D)", "(None, 256, 256, 16)", 448, ["input_1[0][0]"]],
        ["batch_normalization (BatchNormalization)", "(None, 256, 256, 16)", 64, ["conv2d[0][0]"]],
        ["conv2d_1 (Conv2D)", "(None, 256, 256, 16)", 2320, ["batch_normalization[0][0]"]],
        ["concatenate (Concatenate)", "(None, 256, 256, 32)", 0,
         ["batch_normalization[0][0]", "conv2d_1[0][0]"]],
        ["conv2d_2 (Conv2D)", "(None, 256, 256, 1)", 33, ["concatenate[0][0]"]],
    ],
    row_keras29, POSITIONS,
    ["Total params: 2,865", "Trainable params: 2,833", "Non-trainable params: 32"],
    model_name="model", blank_between=True)
open("synthetic-keras2.9-functional-wrapped.txt", "w").write(keras29)


def keras3_table(model_name, widths, header, rows, totals):
    # Keras 3 (rich): cells padded by one space, wrapped at spaces, a word too long for its cell
    # cut with "…"; Param # right-aligned; a rule between rows (show_lines=True).
    def line(left, mid, right, fill):
        return left + mid.join(fill * (w + 2) for w in widths) + right

    def cells(values, bar):
        padded = [(v.rjust(w) if i == 2 else v.ljust(w)) for i, (v, w) in enumerate(zip(values, widths))]
        return bar + bar.join(f" {p} " for p in padded) + bar

    out = [f'Model: "{model_name}"', line("┏", "┳", "┓", "━"), cells(header, "┃"), line("┡", "╇", "┩", "━")]
    for i, row in enumerate(rows):
        height = max(len(c) for c in row)
        for k in range(height):
            out.append(cells([c[k] if k < len(c) else "" for c in row], "│"))
        out.append(line("├", "┼", "┤", "─") if i < len(rows) - 1 else line("└", "┴", "┘", "─"))
    out += totals
    return "\n".join(out) + "\n"


keras3 = keras3_table(
    "functional", [19, 17, 10, 17], ["Layer (type)", "Output Shape", "Param #", "Connected to"],
    [
        [["input_layer", "(InputLayer)"], ["(None, 128, 128,", "3)"], ["0"], ["-"]],
        [["conv2d (Conv2D)"], ["(None, 128, 128,", "8)"], ["224"], ["input_layer[0][0]"]],
        [["conv2d_1 (Conv2D)"], ["(None, 128, 128,", "8)"], ["224"], ["input_layer[0][0]"]],
        [["batch_normalization", "(BatchNormalizatio…"], ["(None, 128, 128,", "8)"], ["32"], ["conv2d[0][0]"]],
        [["add (Add)"], ["(None, 128, 128,", "8)"], ["0"], ["batch_normalizat…", "conv2d_1[0][0]"]],
        [["global_average_poo…", "(GlobalAveragePool…"], ["(None, 8)"], ["0"], ["add[0][0]"]],
        [["dense (Dense)"], ["(None, 10)"], ["90"], ["global_average_p…"]],
    ],
    [" Total params: 1,680 (6.56 KB)", " Trainable params: 554 (2.16 KB)",
     " Non-trainable params: 16 (64.00 B)", " Optimizer params: 1,110 (4.34 KB)"])
open("synthetic-keras3-functional-optimizer.txt", "w").write(keras3)
