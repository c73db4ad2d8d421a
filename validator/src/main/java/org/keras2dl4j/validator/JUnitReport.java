package org.keras2dl4j.validator;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.keras2dl4j.io.AtomicFile;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A {@link Comparison} as JUnit XML, the format CI servers display: one {@code <testsuite>} for
 * the model, one {@code <testcase>} per aligned row (an expected row with its layer, a row missing
 * from the model, a layer not in the expectation) and per total, a {@code <failure>} for each that
 * differs, with the differences as its message. An InputLayer on one side only is a skipped case.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    /** Writes the report to {@code target}, all or nothing. */
    public static void write(Comparison comparison, Path target) {
        Document xml = document(comparison);
        AtomicFile.write(target, out -> {
            try {
                Transformer transformer = TransformerFactory.newInstance().newTransformer();
                transformer.setOutputProperty(OutputKeys.INDENT, "yes");
                transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
                transformer.transform(new DOMSource(xml), new StreamResult(out));
            } catch (TransformerException e) {
                throw new java.io.IOException("cannot write XML: " + e.getMessage(), e);
            }
        });
    }

    static Document document(Comparison comparison) {
        Document xml;
        try {
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        String suiteName = "keras2dl4j validate " + comparison.model();
        Element suite = xml.createElement("testsuite");
        xml.appendChild(suite);
        suite.setAttribute("name", suiteName);
        int tests = comparison.layers().size() + comparison.totals().size();
        long failures = comparison.differingLayers() + comparison.totals().stream().filter(t -> !t.matches()).count();
        suite.setAttribute("tests", Integer.toString(tests));
        suite.setAttribute("failures", Long.toString(failures));
        suite.setAttribute("errors", "0");
        suite.setAttribute("skipped", Long.toString(comparison.layers().stream()
                .filter(l -> l.status() == LayerCheck.Status.OPTIONAL).count()));
        Element properties = xml.createElement("properties");
        suite.appendChild(properties);
        property(xml, properties, "expected_source", comparison.expectedSource());
        for (ModelView view : comparison.views()) {
            property(xml, properties, "view." + view.id(), view.description());
        }
        for (LayerCheck check : comparison.layers()) {
            String name = check.expected() == null
                    ? String.format("not expected %s (%s)", check.name(), check.className())
                    : String.format("row %02d %s (%s)", check.row(), check.name(), check.className());
            Element testcase = testcase(xml, suite, suiteName, name, check.problems());
            if (check.status() == LayerCheck.Status.OPTIONAL) {
                Element skipped = xml.createElement("skipped");
                skipped.setAttribute("message", String.join("; ", check.notes()));
                testcase.appendChild(skipped);
            }
        }
        for (TotalCheck total : comparison.totals()) {
            List<String> problems = total.matches() ? List.of() : List.of(total.problem(comparison.views()));
            testcase(xml, suite, suiteName, total.name(), problems);
        }
        return xml;
    }

    private static void property(Document xml, Element properties, String name, String value) {
        Element property = xml.createElement("property");
        property.setAttribute("name", name);
        property.setAttribute("value", value);
        properties.appendChild(property);
    }

    private static Element testcase(Document xml, Element suite, String className, String name,
            List<String> problems) {
        Element testcase = xml.createElement("testcase");
        testcase.setAttribute("classname", className);
        testcase.setAttribute("name", name);
        testcase.setAttribute("time", "0");
        if (!problems.isEmpty()) {
            Element failure = xml.createElement("failure");
            failure.setAttribute("message", String.join("; ", problems));
            failure.setAttribute("type", "mismatch");
            failure.setTextContent(String.join("\n", problems));
            testcase.appendChild(failure);
        }
        suite.appendChild(testcase);
        return testcase;
    }
}
