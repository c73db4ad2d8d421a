package org.keras2dl4j.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keras2dl4j.InvalidModelException;
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

    /**
     * The most data bytes an array may hold: 2 GiB. Larger arrays are refused before anything is
     * allocated, as are arrays whose float32 copy does not fit the JVM's heap.
     */
    public static final long MAX_DATA_BYTES = 1L << 31;
    /** The longest header read (numpy's own reader stops at 10,000 bytes by default). */
    public static final int MAX_HEADER_BYTES = 1 << 16;
    /** The most dimensions an array may have (ND4J's own limit). */
    public static final int MAX_RANK = 32;
    private static final int CHUNK_BYTES = 1 << 16;

    /**
     * Reads {@code file} as a float32 array in C order, with the shape stored in the file. Only a
     * regular file is read: a device ({@code /dev/zero}), a pipe or a directory is refused before
     * anything is read from it.
     */
    public static INDArray read(Path file) {
        String name = String.valueOf(file.getFileName());
        if (!Files.isRegularFile(file)) {
            throw invalid(name, !Files.exists(file) ? "no such file"
                    : Files.isDirectory(file) ? "is a directory, not an .npy file"
                    : "is not a regular file (a device, a pipe or a socket); an .npy array is read from a file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            return read(name, new BufferedInputStream(Channels.newInputStream(channel), CHUNK_BYTES), size);
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads an {@code .npy} array from a stream, which it does not close; {@code name} is used in
     * messages. Reads no more than the header and the data the header declares (and one byte to
     * tell that nothing follows).
     */
    public static INDArray read(String name, InputStream in) throws IOException {
        return read(name, in, -1);
    }

    /** Reads the {@code .npy} file content {@code bytes}; {@code name} is used in messages. */
    public static INDArray parse(String name, byte[] bytes) {
        try {
            return read(name, new ByteArrayInputStream(bytes), bytes.length);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
    }

    /** {@code size} is the length of the whole file when known (else -1), checked against the header. */
    private static INDArray read(String name, InputStream in, long size) throws IOException {
        byte[] start = in.readNBytes(MAGIC.length + 2);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= start.length || start[i] != MAGIC[i]) {
                throw invalid(name, "is not a NumPy .npy file (no \\x93NUMPY magic)");
            }
        }
        if (start.length < MAGIC.length + 2) {
            throw invalid(name, "is truncated in its header");
        }
        int major = start[MAGIC.length] & 0xff;
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw invalid(name, "has .npy format version " + major + ", expected 1, 2 or 3");
        };
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw invalid(name, "is truncated in its header");
        }
        ByteBuffer length = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? length.getShort() & 0xffff : length.getInt() & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw invalid(name, "declares a header of " + headerLength + " bytes, more than the " + MAX_HEADER_BYTES
                    + " an .npy header may have");
        }
        long dataOffset = start.length + lengthBytes + headerLength;
        if (size >= 0 && dataOffset > size) {
            throw invalid(name, "is truncated in its header");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw invalid(name, "is truncated in its header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = field(name, header, DESCR, "descr");
        boolean fortran = "True".equals(field(name, header, FORTRAN, "fortran_order"));
        long[] shape = shape(name, field(name, header, SHAPE, "shape"));
        Dtype dtype = Dtype.of(name, descr);

        long count = 1;
        long expectedBytes;
        try {
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            expectedBytes = Math.multiplyExact(count, dtype.size);
        } catch (ArithmeticException e) {
            throw invalid(name, "declares shape " + shapeText(shape) + ", more values than a long can count");
        }
        if (count == 0) {
            throw invalid(name, "holds no values (shape " + shapeText(shape) + ")");
        }
        if (expectedBytes > MAX_DATA_BYTES) {
            throw invalid(name, "declares " + expectedBytes + " bytes of data (shape " + shapeText(shape) + " of "
                    + descr + "), more than the " + MAX_DATA_BYTES + " an .npy array may have here");
        }
        if (size >= 0 && size - dataOffset != expectedBytes) {
            throw invalid(name, "has " + (size - dataOffset) + " bytes of data, expected " + expectedBytes
                    + " for shape " + shapeText(shape) + " of " + descr);
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (count > Integer.MAX_VALUE - 8 || (heap != Long.MAX_VALUE && 8 * count > heap)) {
            throw invalid(name, "holds " + count + " values (" + (4 * count >> 20) + " MiB as float32), more than "
                    + "this JVM can hold twice in its " + (heap >> 20) + " MiB heap (-Xmx)");
        }
        float[] values = new float[(int) count];
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(dtype.order);
        int next = 0;
        long read = 0;
        while (next < values.length) {
            int want = (int) Math.min(chunk.capacity(), (values.length - (long) next) * dtype.size);
            int n = in.readNBytes(chunk.array(), 0, want);
            read += n;
            if (n < want) {
                throw invalid(name, "has " + read + " bytes of data, expected " + expectedBytes + " for shape "
                        + shapeText(shape) + " of " + descr);
            }
            chunk.clear().limit(n);
            while (chunk.remaining() >= dtype.size) {
                values[next++] = dtype.next(chunk);
            }
        }
        if (size < 0 && in.read() >= 0) {
            throw invalid(name, "has more than the " + expectedBytes + " bytes of data its shape " + shapeText(shape)
                    + " of " + descr + " holds");
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
        String[] parts = text.split(",");
        if (parts.length > MAX_RANK + 1) {
            throw invalid(name, "declares a shape of more than " + MAX_RANK + " dimensions in its .npy header");
        }
        for (String part : parts) {
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
                throw invalid(name, "has an invalid shape (" + abbreviate(text) + ") in its .npy header");
            }
        }
        if (dims.size() > MAX_RANK) {
            throw invalid(name, "declares a shape of " + dims.size() + " dimensions, more than " + MAX_RANK);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static Keras2Dl4jException invalid(String name, String what) {
        return new InvalidModelException(name + ": " + what);
    }

    /** Header text as a message shows it: printable, on one line, short. */
    private static String abbreviate(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
            if (sb.length() >= 80) {
                return sb.append("...").toString();
            }
        }
        return sb.toString();
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
            return invalid(name, "has dtype '" + abbreviate(descr) + "'; expected float32, float64 or an integer type");
        }
    }
}
