/** Roles that let a principal encrypt or decrypt with a key (directly or via delegation). */
export const KMS_CRYPTO_ROLES = [
  "roles/cloudkms.cryptoKeyEncrypterDecrypter",
  "roles/cloudkms.cryptoKeyEncrypter",
  "roles/cloudkms.cryptoKeyDecrypter",
  "roles/cloudkms.cryptoKeyEncrypterDecrypterViaDelegation",
  "roles/cloudkms.cryptoKeyEncrypterViaDelegation",
  "roles/cloudkms.cryptoKeyDecrypterViaDelegation",
  // Encrypt, decrypt, sign and verify with every key it is granted on.
  "roles/cloudkms.cryptoOperator",
];
