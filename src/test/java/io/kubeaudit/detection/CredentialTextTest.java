package io.kubeaudit.detection;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configmap credential markers of catalog §2.8, matched in one pass without regular expressions. */
class CredentialTextTest {

    @Test
    void credentialWordsInAnyCase() {
        assertTrue(ConfigmapRules.credentialText("db_password: hunter2"));
        assertTrue(ConfigmapRules.credentialText("DB_PASSWD=x"));
        assertTrue(ConfigmapRules.credentialText("PassPhrase"));
        assertTrue(ConfigmapRules.credentialText("oidc.Client_Secret=abc"));
        assertTrue(ConfigmapRules.credentialText("[default]\nAWS_SECRET_ACCESS_KEY = x"));
        assertTrue(ConfigmapRules.credentialText("aws-s3-access-key-id"));
        assertTrue(ConfigmapRules.credentialText("xaws_access_key_idx"));
        assertFalse(ConfigmapRules.credentialText("pass word, client secret, aws access key"));
        assertFalse(ConfigmapRules.credentialText(""));
    }

    @Test
    void awsAccessKeyIdsAreCaseSensitive() {
        assertTrue(ConfigmapRules.credentialText("key=AKIAIOSFODNN7EXAMPLE;"));
        assertTrue(ConfigmapRules.credentialText("AKIAIOSFODNN7EXAMPLE"));
        assertFalse(ConfigmapRules.credentialText("AKIAIOSFODNN7EXAMPL"), "15 characters after AKIA");
        assertFalse(ConfigmapRules.credentialText("akiaiosfodnn7example"), "lower case is not a key id");
        assertFalse(ConfigmapRules.credentialText("AKIAIOSFODNN7exAMPLE"));
    }

    @Test
    void privateKeyHeaders() {
        assertTrue(ConfigmapRules.credentialText("-----BEGIN RSA PRIVATE KEY-----\nMIIE"));
        assertTrue(ConfigmapRules.credentialText("x: |\n  -----BEGIN PRIVATE KEY-----"));
        assertTrue(ConfigmapRules.credentialText("-----begin openssh private key-----"));
        assertTrue(ConfigmapRules.credentialText("-----BEGIN EC 2 PRIVATE KEY"));
        assertFalse(ConfigmapRules.credentialText("-----BEGIN CERTIFICATE-----\nMIIB"));
        assertFalse(ConfigmapRules.credentialText("-----BEGIN-RSA PRIVATE KEY"), "only letters, digits and spaces in between");
        assertFalse(ConfigmapRules.credentialText("PRIVATE KEY -----BEGIN"));
    }
}
