package org.keras2dl4j.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportTest {
    @TempDir
    Path dir;

    @Test
    void writesWellFormedXmlWithOneTestcasePerLayerAndTotalAndCountsFailures() throws Exception {
        Comparison comparison = KerasValidation.of(Fixtures.resource("page/alexnet-page-keras224.json"))
                .against(Fixtures.resource("keras3/alexnet.summary.txt")).expectParams(1_000).validate();
        Path xml = dir.resolve("report.xml");

        JUnitReport.write(comparison, xml);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(17 + 4, cases.getLength());
        assertEquals("21", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        assertEquals("row 02 conv2d_1 (Conv2D)", ((org.w3c.dom.Element) cases.item(1)).getAttribute("name"));
    }

    @Test
    void jsonAndJUnitCarryTheSameAlignedRowsAndDifferences() throws Exception {
        // SYNTHETIC: the page's summary without its conv2d_4 row, and without its InputLayer row.
        String page = Files.readString(Fixtures.resource("page/alexnet-page.summary.txt"));
        String edited = page.replace("conv2d_4 (Conv2D)            (None, 13, 13, 384)       1327488   \n"
                + "_________________________________________________________________\n", "")
                .replace("input_1 (InputLayer)         (None, 224, 224, 3)       0         \n"
                + "_________________________________________________________________\n", "");
        assertFalse(page.equals(edited));
        Path summary = Files.writeString(dir.resolve("synthetic-deleted.summary.txt"), edited);
        Comparison comparison = KerasValidation.of(Fixtures.resource("page/alexnet-page-keras224.json"))
                .against(summary).validate();
        String problem = "not in the summary: 'conv2d_4' (Conv2D): (None, 13, 13, 384), 1327488 params, after row 7";
        assertEquals(List.of(problem), comparison.problems());

        JsonNode json = new ObjectMapper().readTree(ValidationReport.json(comparison));
        assertEquals("keras2dl4j/validation-report/2", json.get("schema").asText());
        assertEquals(17, json.get("layers").size());
        assertEquals(1, json.get("differing_layers").asInt());
        JsonNode input = json.get("layers").get(0);
        assertEquals("optional", input.get("status").asText());
        assertTrue(input.get("expected").isNull());
        assertTrue(input.get("row").isNull());
        assertEquals("input_1", input.get("actual").get("keras_file").get("name").asText());
        JsonNode extra = json.get("layers").get(8);
        assertEquals("extra", extra.get("status").asText());
        assertTrue(extra.get("expected").isNull());
        assertEquals("conv2d_4", extra.get("actual").get("dl4j").get("name").asText());
        assertEquals(List.of(problem), strings(extra.get("problems")));
        assertEquals(List.of(problem), strings(json.get("problems")));
        JsonNode next = json.get("layers").get(9);
        assertEquals(8, next.get("row").asInt());
        assertEquals("conv2d_5", next.get("expected").get("name").asText());
        assertEquals("ok", next.get("status").asText());
        assertTrue(json.get("notes").get(0).asText().contains("add up to 61053288"), json.get("notes").toString());

        Path xml = dir.resolve("report.xml");
        JUnitReport.write(comparison, xml);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = doc.getDocumentElement();
        assertEquals("20", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        NodeList failures = doc.getElementsByTagName("failure");
        assertEquals(1, failures.getLength());
        Element failed = (Element) failures.item(0).getParentNode();
        assertEquals("not expected conv2d_4 (Conv2D)", failed.getAttribute("name"));
        assertEquals(problem, ((Element) failures.item(0)).getAttribute("message"));
        assertEquals("row 08 conv2d_5 (Conv2D)", ((Element) doc.getElementsByTagName("testcase").item(9))
                .getAttribute("name"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
