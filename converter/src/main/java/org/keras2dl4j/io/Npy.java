package org.keras2dl4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keras2dl4j.Keras2Dl4jException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy {@code .npy} arrays (format versions 1 to 3), as {@code numpy.save} writes them: read as
 * float32 in C order whatever their dtype ({@code float32}, {@code float64}, integers, either byte
 * order) and layout ({@code fortran_order}), written as little-endian float32 in C order.
 *
 * <p>ND4J's own {@code Nd4j.createFromNpyFile} is not used for reading: in 1.0.0-M2.1 it returns a
 * Fortran-order array's values in the wrong order without a word, and a big-endian array aborts the
 * whole JVM in a native assertion. Here every header field is checked and a bad file gets one line.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads {@code file} as a float32 array in C order, with the shape stored in the file. */
    public static INDArray read(Path file) {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Keras2Dl4jException(name + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        return parse(name, bytes);
    }

    /** Reads an {@code .npy} array from a stream; {@code name} is used in messages. */
    public static INDArray read(String name, InputStream in) throws IOException {
        return parse(name, in.readAllBytes());
    }

    /** Reads the {@code .npy} file content {@code bytes}; {@code name} is used in messages. */
    public static INDArray parse(String name, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (buffer.remaining() == 0 || buffer.get() != b) {
                throw invalid(name, "is not a NumPy .npy file (no \\x93NUMPY magic)");
            }
        }
        if (buffer.remaining() < 4) {
            throw invalid(name, "is truncated in its header");
        }
        int major = buffer.get() & 0xff;
        buffer.get();
        long headerLength = switch (major) {
            case 1 -> buffer.getShort() & 0xffff;
            case 2, 3 -> buffer.getInt() & 0xffffffffL;
            default -> throw invalid(name, "has .npy format version " + major + ", expected 1, 2 or 3");
        };
        if (headerLength > buffer.remaining()) {
            throw invalid(name, "is truncated in its header");
        }
        String header = new String(bytes, buffer.position(), (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        buffer.position(buffer.position() + (int) headerLength);

        String descr = field(name, header, DESCR, "descr");
        boolean fortran = "True".equals(field(name, header, FORTRAN, "fortran_order"));
        long[] shape = shape(name, field(name, header, SHAPE, "shape"));
        Dtype dtype = Dtype.of(name, descr);

        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        if (count > Integer.MAX_VALUE) {
            throw invalid(name, "holds " + count + " elements, more than one array can take here");
        }
        long expectedBytes = count * dtype.size;
        if (buffer.remaining() != expectedBytes) {
            throw invalid(name, "has " + buffer.remaining() + " bytes of data, expected " + expectedBytes
                    + " for shape " + shapeText(shape) + " of " + descr);
        }
        buffer.order(dtype.order);
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = dtype.next(buffer);
        }
        if (shape.length == 0) {
            return Nd4j.scalar(values[0]);
        }
        INDArray array = Nd4j.create(values, shape, fortran ? 'f' : 'c');
        return fortran ? array.dup('c') : array;
    }

    /** Writes {@code array} as little-endian float32 in C order, all or nothing. */
    public static void write(Path file, INDArray array) {
        byte[] bytes = bytes(array);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /** The {@code .npy} file content of {@code array}: little-endian float32 in C order. */
    public static byte[] bytes(INDArray array) {
        INDArray values = array.castTo(DataType.FLOAT).dup('c');
        long[] shape = values.shape();
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
                .append(shapeText(shape)).append(", }");
        // numpy pads the header with spaces and a newline so that the data starts at a multiple of 64.
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        header.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        float[] data = values.length() == 0 ? new float[0] : values.data().asFloat();
        byte[] head = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + head.length + data.length * 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) head.length).put(head);
        out.asFloatBuffer().put(data);
        return out.array();
    }

    /** A shape the way Python prints a tuple: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public static String shapeText(long[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String field(String name, String header, Pattern pattern, String field) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw invalid(name, "has no '" + field + "' in its .npy header");
        }
        return m.group(1);
    }

    private static long[] shape(String name, String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.trim().replaceAll("L$", "");
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(trimmed);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw invalid(name, "has an invalid shape (" + text + ") in its .npy header");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static Keras2Dl4jException invalid(String name, String what) {
        return new Keras2Dl4jException(name + ": " + what);
    }

    /** The element types read: floats and integers of either byte order. */
    private enum Kind { FLOAT, SIGNED, UNSIGNED }

    private record Dtype(Kind kind, int size, ByteOrder order) {
        static Dtype of(String name, String descr) {
            if (descr.length() < 3) {
                throw unsupported(name, descr);
            }
            char byteOrder = descr.charAt(0);
            ByteOrder order = byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (byteOrder != '<' && byteOrder != '>' && byteOrder != '|' && byteOrder != '=') {
                throw unsupported(name, descr);
            }
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw unsupported(name, descr);
            }
            Kind kind = switch (descr.charAt(1)) {
                case 'f' -> Kind.FLOAT;
                case 'i' -> Kind.SIGNED;
                case 'u', 'b' -> Kind.UNSIGNED;
                default -> throw unsupported(name, descr);
            };
            boolean known = kind == Kind.FLOAT ? size == 4 || size == 8 : size == 1 || size == 2 || size == 4 || size == 8;
            if (!known) {
                throw unsupported(name, descr);
            }
            return new Dtype(kind, size, order);
        }

        float next(ByteBuffer buffer) {
            return switch (kind) {
                case FLOAT -> size == 4 ? buffer.getFloat() : (float) buffer.getDouble();
                case SIGNED -> switch (size) {
                    case 1 -> buffer.get();
                    case 2 -> buffer.getShort();
                    case 4 -> buffer.getInt();
                    default -> buffer.getLong();
                };
                case UNSIGNED -> switch (size) {
                    case 1 -> buffer.get() & 0xff;
                    case 2 -> buffer.getShort() & 0xffff;
                    case 4 -> buffer.getInt() & 0xffffffffL;
                    default -> buffer.getLong();
                };
            };
        }

        private static Keras2Dl4jException unsupported(String name, String descr) {
            return invalid(name, "has dtype '" + descr + "'; expected float32, float64 or an integer type");
        }
    }
}
