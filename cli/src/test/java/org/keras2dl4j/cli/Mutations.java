package org.keras2dl4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Deterministic mutations of a file's bytes for {@link FuzzTest}. A mutation is a line of text
 * ({@code flip@120:40;insert@7:00ff}) that re-creates it exactly from the seed file, so a crasher
 * is kept as its seed and description. Steps are separated by {@code ;} and applied in order:
 *
 * <ul>
 *   <li>{@code flip@P:M} XORs the byte at P with M (hex); {@code set@P:V} sets it;
 *   <li>{@code insert@P:HEX} inserts bytes at P; {@code delete@P+N} removes N bytes;
 *   <li>{@code dup@S+N>D} inserts a copy of the N bytes at S at D (a chunk duplicated);
 *       {@code copy@S+N>D} overwrites the N bytes at D with them; {@code truncate@N} keeps N bytes;
 *   <li>{@code json@K=R} replaces the K-th JSON value (counted over the document's value and key
 *       positions) by R: {@code nest[:D} or {@code nest{:D} (D levels of arrays or objects),
 *       {@code digits:N} (a number of N digits), {@code string:N} (a string of N characters),
 *       {@code lit:TEXT} (a literal such as 50000000, -1, null, 1e999), {@code value:K2} (the
 *       K2-th value of the same document), {@code cut} (nothing);
 *   <li>{@code entry=NAME|S1&S2} applies steps S1, S2 (any of the above) to zip entry NAME and
 *       rewrites the zip; {@code bomb=NAME|BYTES|lie} replaces the entry by BYTES bytes of JSON
 *       whitespace, deflated (with {@code lie}: the central directory declares 100 bytes);
 *       {@code drop=NAME}, {@code twice=NAME} (the entry twice), {@code many=N} (N extra empty
 *       entries), {@code rename=NAME|NEW};
 *   <li>{@code npy-shape=TEXT}, {@code npy-descr=TEXT}, {@code npy-fortran=TEXT} rewrite a field
 *       of an .npy header; {@code npy-hlen=N} sets its header length field.
 * </ul>
 */
final class Mutations {
    private Mutations() {
    }

    /** The seed's bytes mutated by {@code description}. */
    static byte[] apply(byte[] seed, String description) {
        byte[] bytes = seed;
        for (String step : splitSteps(description)) {
            bytes = applyStep(bytes, step.trim());
        }
        return bytes;
    }

    private static List<String> splitSteps(String description) {
        // ';' separates steps (an entry= step separates its own with '&').
        List<String> steps = new ArrayList<>();
        for (String step : description.split(";")) {
            if (!step.isBlank()) {
                steps.add(step);
            }
        }
        return steps;
    }

    private static byte[] applyStep(byte[] bytes, String step) {
        int at = step.indexOf('@');
        int eq = step.indexOf('=');
        if (eq > 0 && (at < 0 || eq < at)) {
            String op = step.substring(0, eq);
            String arg = step.substring(eq + 1);
            return switch (op) {
                case "entry", "bomb", "drop", "twice", "many", "rename" -> zipStep(bytes, op, arg);
                case "npy-shape", "npy-descr", "npy-fortran", "npy-hlen" -> npyStep(bytes, op, arg);
                default -> throw new IllegalArgumentException("unknown mutation " + step);
            };
        }
        String op = step.substring(0, at);
        String arg = step.substring(at + 1);
        return switch (op) {
            case "flip" -> {
                String[] p = arg.split(":");
                byte[] out = bytes.clone();
                int i = clamp(Integer.parseInt(p[0]), out.length - 1);
                if (out.length > 0) {
                    out[i] ^= (byte) Integer.parseInt(p[1], 16);
                }
                yield out;
            }
            case "set" -> {
                String[] p = arg.split(":");
                byte[] out = bytes.clone();
                int i = clamp(Integer.parseInt(p[0]), out.length - 1);
                if (out.length > 0) {
                    out[i] = (byte) Integer.parseInt(p[1], 16);
                }
                yield out;
            }
            case "insert" -> {
                String[] p = arg.split(":");
                yield splice(bytes, clamp(Integer.parseInt(p[0]), bytes.length), 0, HexFormat.of().parseHex(p[1]));
            }
            case "delete" -> {
                String[] p = arg.split("\\+");
                int from = clamp(Integer.parseInt(p[0]), bytes.length);
                yield splice(bytes, from, Math.min(Integer.parseInt(p[1]), bytes.length - from), new byte[0]);
            }
            case "dup", "copy" -> {
                String[] p = arg.split("[+>]");
                int from = clamp(Integer.parseInt(p[0]), bytes.length);
                int n = Math.min(Integer.parseInt(p[1]), bytes.length - from);
                byte[] chunk = Arrays.copyOfRange(bytes, from, from + n);
                int to = clamp(Integer.parseInt(p[2]), bytes.length);
                yield op.equals("dup") ? splice(bytes, to, 0, chunk)
                        : splice(bytes, to, Math.min(n, bytes.length - to), chunk);
            }
            case "truncate" -> Arrays.copyOf(bytes, clamp(Integer.parseInt(arg), bytes.length));
            case "json" -> jsonStep(bytes, arg);
            default -> throw new IllegalArgumentException("unknown mutation " + step);
        };
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, Math.max(max, 0)));
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }

    // ---------------------------------------------------------------- JSON

    /** Where values (and keys) start: after { [ : , outside strings, whitespace skipped. */
    static List<Integer> valueStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[' || c == ':' || c == ',') {
                int j = i + 1;
                while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                if (j < text.length() && text.charAt(j) != '}' && text.charAt(j) != ']') {
                    starts.add(j);
                }
            }
        }
        return starts;
    }

    /** The end (exclusive) of the JSON value starting at {@code start}. */
    static int valueEnd(String text, int start) {
        char c = text.charAt(start);
        if (c == '"') {
            for (int i = start + 1; i < text.length(); i++) {
                if (text.charAt(i) == '\\') {
                    i++;
                } else if (text.charAt(i) == '"') {
                    return i + 1;
                }
            }
            return text.length();
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < text.length(); i++) {
                char d = text.charAt(i);
                if (inString) {
                    if (d == '\\') {
                        i++;
                    } else if (d == '"') {
                        inString = false;
                    }
                } else if (d == '"') {
                    inString = true;
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
            }
            return text.length();
        }
        int i = start;
        while (i < text.length() && ",}] \n\r\t:".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static byte[] jsonStep(byte[] bytes, String arg) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int eq = arg.indexOf('=');
        int k = Integer.parseInt(arg.substring(0, eq));
        String replacement = arg.substring(eq + 1);
        List<Integer> starts = valueStarts(text);
        if (starts.isEmpty()) {
            return bytes;
        }
        int start = starts.get(Math.floorMod(k, starts.size()));
        int end = valueEnd(text, start);
        String value;
        if (replacement.startsWith("nest")) {
            char open = replacement.charAt(4);
            int depth = Integer.parseInt(replacement.substring(6));
            StringBuilder sb = new StringBuilder(depth * 6);
            for (int i = 0; i < depth; i++) {
                sb.append(open == '[' ? "[" : "{\"a\":");
            }
            sb.append('1');
            for (int i = 0; i < depth; i++) {
                sb.append(open == '[' ? ']' : '}');
            }
            value = sb.toString();
        } else if (replacement.startsWith("digits:")) {
            int n = Integer.parseInt(replacement.substring(7));
            value = "9".repeat(n);
        } else if (replacement.startsWith("string:")) {
            int n = Integer.parseInt(replacement.substring(7));
            value = "\"" + "x".repeat(n) + "\"";
        } else if (replacement.startsWith("lit:")) {
            value = replacement.substring(4);
        } else if (replacement.startsWith("value:")) {
            int other = starts.get(Math.floorMod(Integer.parseInt(replacement.substring(6)), starts.size()));
            value = text.substring(other, valueEnd(text, other));
        } else if (replacement.equals("cut")) {
            value = "";
        } else {
            throw new IllegalArgumentException("unknown JSON replacement " + replacement);
        }
        return (text.substring(0, start) + value + text.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- zip

    private static byte[] zipStep(byte[] bytes, String op, String arg) {
        Map<String, byte[]> entries = readZip(bytes);
        if (entries == null) {
            return bytes; // not a readable zip any more (an earlier step broke it): nothing to do
        }
        String[] p = arg.split("\\|");
        String name = p[0];
        switch (op) {
            case "entry" -> {
                if (entries.containsKey(name)) {
                    byte[] content = entries.get(name);
                    for (String inner : p[1].split("&")) {
                        content = applyStep(content, inner.trim());
                    }
                    entries.put(name, content);
                }
                return writeZip(entries, null, null, 0);
            }
            case "bomb" -> {
                int size = Integer.parseInt(p[1]);
                byte[] filler = new byte[size];
                Arrays.fill(filler, (byte) ' ');
                filler[0] = '{';
                filler[size - 1] = '}';
                entries.put(name, filler);
                byte[] zip = writeZip(entries, name, null, 0);
                return p.length > 2 && p[2].equals("lie") ? patchDeclaredSize(zip, name, 100) : zip;
            }
            case "drop" -> {
                entries.remove(name);
                return writeZip(entries, null, null, 0);
            }
            case "twice" -> {
                return writeZip(entries, null, entries.containsKey(name) ? name : null, 0);
            }
            case "many" -> {
                return writeZip(entries, null, null, Integer.parseInt(name));
            }
            case "rename" -> {
                byte[] content = entries.remove(name);
                if (content != null) {
                    entries.put(p[1], content);
                }
                return writeZip(entries, null, null, 0);
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    /** The entries in order, or null when the bytes are not a zip Java reads. */
    static Map<String, byte[]> readZip(byte[] bytes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return entries.isEmpty() ? null : entries;
    }

    /** Zips {@code entries} stored (uncompressed), in order: how Keras writes a .keras archive. */
    static byte[] storedZip(Map<String, byte[]> entries) {
        return writeZip(entries, null, null, 0);
    }

    /**
     * Writes {@code entries} stored (uncompressed, as Keras and the toolkit store them), except
     * {@code deflated} which is deflated; {@code twice} is written a second time; {@code extra}
     * empty entries are added.
     */
    private static byte[] writeZip(Map<String, byte[]> entries, String deflated, String twice, int extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                putEntry(zip, e.getKey(), e.getValue(), e.getKey().equals(deflated));
            }
            if (twice != null) {
                // ZipOutputStream refuses a duplicate name: write a same-length stand-in, renamed below.
                putEntry(zip, twin(twice), entries.get(twice), false);
            }
            for (int i = 0; i < extra; i++) {
                putEntry(zip, "extra" + entries.size() + "/" + i, new byte[0], false); // unique after earlier many= steps
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        if (twice != null) {
            byte[] from = twin(twice).getBytes(StandardCharsets.UTF_8);
            byte[] to = twice.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + from.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                    System.arraycopy(to, 0, bytes, i, to.length);
                }
            }
        }
        return bytes;
    }

    private static String twin(String name) {
        return name.substring(0, name.length() - 1) + (name.endsWith("~") ? "#" : "~");
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] content, boolean deflate) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        if (deflate) {
            entry.setMethod(ZipEntry.DEFLATED);
        } else {
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            entry.setCompressedSize(content.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** Sets the uncompressed size the central directory declares for {@code name}. */
    private static byte[] patchDeclaredSize(byte[] zip, String name, int size) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 <= out.length; i++) {
            if (b.getInt(i) == 0x02014b50) {
                int nameLength = b.getShort(i + 28) & 0xffff;
                if (nameLength == wanted.length && i + 46 + nameLength <= out.length
                        && Arrays.equals(out, i + 46, i + 46 + nameLength, wanted, 0, nameLength)) {
                    b.putInt(i + 24, size);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- .npy

    private static byte[] npyStep(byte[] bytes, String op, String arg) {
        if (bytes.length < 10 || bytes[0] != (byte) 0x93) {
            return bytes;
        }
        int major = bytes[6] & 0xff;
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
        int dataStart = (int) Math.min(bytes.length, 8 + lengthBytes + headerLength);
        if (op.equals("npy-hlen")) {
            byte[] out = bytes.clone();
            ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            long value = Long.parseLong(arg);
            if (major == 1) {
                o.putShort(8, (short) value);
            } else {
                o.putInt(8, (int) value);
            }
            return out;
        }
        String header = new String(bytes, 8 + lengthBytes, dataStart - 8 - lengthBytes, StandardCharsets.ISO_8859_1);
        String field = switch (op) {
            case "npy-shape" -> "shape";
            case "npy-descr" -> "descr";
            default -> "fortran_order";
        };
        String value = op.equals("npy-descr") ? "'" + arg + "'" : arg;
        String replaced = header.replaceFirst("'" + field + "'\\s*:\\s*(\\([^)]*\\)|'[^']*'|True|False)",
                "'" + field + "': " + java.util.regex.Matcher.quoteReplacement(value));
        String trimmed = replaced.stripTrailing();
        int unpadded = 8 + lengthBytes + trimmed.length() + 1;
        String padded = trimmed + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] head = padded.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + head.length + bytes.length - dataStart)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(bytes, 0, 8);
        if (major == 1) {
            out.putShort((short) head.length);
        } else {
            out.putInt(head.length);
        }
        out.put(head).put(bytes, dataStart, bytes.length - dataStart);
        return out.array();
    }

    // ---------------------------------------------------------------- generation

    /** What a generated mutation may touch. */
    enum Style { HDF5, JSON, ZIP, KERAS, NPY }

    /**
     * A random mutation of {@code seed} in {@code style}. {@code hot} lists [start, end) ranges
     * worth hitting more often (an HDF5 file's metadata, away from the weight values); may be empty.
     */
    static String generate(Random random, Style style, byte[] seed, List<int[]> hot) {
        int steps = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            out.add(switch (style) {
                case HDF5 -> byteStep(random, seed.length, hot);
                case JSON -> random.nextInt(3) == 0 ? byteStep(random, seed.length, List.of()) : jsonMutation(random, seed);
                case NPY -> npyMutation(random, seed);
                case ZIP, KERAS -> zipMutation(random, seed, style);
            });
        }
        return String.join(";", out);
    }

    private static int position(Random random, int length, List<int[]> hot) {
        if (!hot.isEmpty() && random.nextInt(10) < 8) {
            int[] range = hot.get(random.nextInt(hot.size()));
            return range[0] + random.nextInt(Math.max(1, range[1] - range[0]));
        }
        return random.nextInt(Math.max(1, length));
    }

    static String byteStep(Random random, int length, List<int[]> hot) {
        int p = position(random, length, hot);
        return switch (random.nextInt(9)) {
            case 0, 1 -> "flip@" + p + ":" + Integer.toHexString(1 << random.nextInt(8));
            case 2 -> "set@" + p + ":" + Integer.toHexString(random.nextBoolean() ? 0xff : random.nextInt(256));
            case 3 -> {
                byte[] b = new byte[1 + random.nextInt(random.nextBoolean() ? 1 : 8)];
                random.nextBytes(b);
                yield "insert@" + p + ":" + HexFormat.of().formatHex(b);
            }
            case 4 -> "delete@" + p + "+" + (1 + random.nextInt(random.nextBoolean() ? 4 : 64));
            case 5 -> "dup@" + p + "+" + (1 + random.nextInt(256)) + ">" + position(random, length, hot);
            case 6 -> "copy@" + p + "+" + (1 + random.nextInt(64)) + ">" + position(random, length, hot);
            case 7 -> "truncate@" + random.nextInt(Math.max(1, length));
            default -> "set@" + p + ":" + (random.nextBoolean() ? "0" : "80");
        };
    }

    private static final String[] LITERALS = {"50000000", "-1", "0", "null", "true", "1e999", "-9223372036854775809",
        "2147483648", "1.5", "\"\"", "[]", "{}", "\"relu\"", "[null]", "[1,2]", "\"channels_first\""};

    static String jsonMutation(Random random, byte[] seed) {
        int values = Math.max(1, valueStarts(new String(seed, StandardCharsets.UTF_8)).size());
        int k = random.nextInt(values);
        int r = random.nextInt(100);
        String replacement;
        if (r < 6) {
            replacement = "nest" + (random.nextBoolean() ? "[" : "{") + ":" + (900 + random.nextInt(3000));
        } else if (r < 12) {
            replacement = "digits:" + (random.nextBoolean() ? 1 + random.nextInt(30) : 990 + random.nextInt(2000));
        } else if (r < 13) {
            replacement = "string:" + (20_000_000 + random.nextInt(1000));
        } else if (r < 20) {
            replacement = "string:" + random.nextInt(5000);
        } else if (r < 60) {
            replacement = "lit:" + LITERALS[random.nextInt(LITERALS.length)];
        } else if (r < 85) {
            replacement = "value:" + random.nextInt(values);
        } else {
            replacement = "cut";
        }
        return "json@" + k + "=" + replacement;
    }

    private static final String[] NPY_SHAPES = {"(4294967296, 4294967296)", "(-1, 3)", "(9223372036854775807, 2)",
        "(100000, 100000, 100000)", "()", "(0,)", "(1, 1, 1, 1, 1, 1, 1, 1)", "(2, 3", "(abc,)", "(536870912,)",
        "(1, 56, 56, 3)", "(3, 2, 56, 4)"};
    private static final String[] NPY_DESCRS = {"<f8", ">f4", "<f2", "|b1", "<i8", "<u4", "O", "<c8", "S10", "<f16",
        "<f-4", "<f99999999999"};

    static String npyMutation(Random random, byte[] seed) {
        return switch (random.nextInt(6)) {
            case 0 -> "npy-shape=" + NPY_SHAPES[random.nextInt(NPY_SHAPES.length)];
            case 1 -> "npy-descr=" + NPY_DESCRS[random.nextInt(NPY_DESCRS.length)];
            case 2 -> "npy-fortran=" + (random.nextBoolean() ? "True" : "Maybe");
            case 3 -> "npy-hlen=" + (random.nextBoolean() ? random.nextInt(70000) : 0xffff);
            default -> byteStep(random, seed.length, List.of(new int[] {0, Math.min(seed.length, 128)}));
        };
    }

    static String zipMutation(Random random, byte[] seed, Style style) {
        Map<String, byte[]> entries = readZip(seed);
        List<String> names = entries == null ? List.of() : new ArrayList<>(entries.keySet());
        if (names.isEmpty() || random.nextInt(5) == 0) {
            return byteStep(random, seed.length, List.of());
        }
        String name = names.get(random.nextInt(names.size()));
        byte[] content = entries.get(name);
        int r = random.nextInt(100);
        if (r < 55) {
            String inner;
            if (name.endsWith(".json")) {
                inner = random.nextInt(4) == 0 ? byteStep(random, content.length, List.of()) : jsonMutation(random, content);
            } else if (name.endsWith(".npy")) {
                inner = npyMutation(random, content);
            } else {
                inner = byteStep(random, content.length, List.of());
            }
            return "entry=" + name + "|" + inner;
        }
        if (r < 70) {
            return "bomb=" + name + "|" + (1 + random.nextInt(3)) * 100_000_000 + (random.nextBoolean() ? "|lie" : "");
        }
        if (r < 80) {
            return "drop=" + name;
        }
        if (r < 87) {
            return "twice=" + name;
        }
        if (r < 92) {
            return "many=" + (random.nextBoolean() ? 5 : 1500);
        }
        return "rename=" + name + "|" + (random.nextBoolean() ? "../" + name : name.toUpperCase(java.util.Locale.ROOT));
    }
}
