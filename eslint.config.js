// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'site/dist/', 'site/.astro/', '.data/', 'bench/out/', '**/*.astro'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the data module talks to AWS.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Only functions/data/ (DynamoDB), functions/storage/s3-store.ts (S3), functions/crypto/aws-kms.ts (KMS), functions/crypto/iam-certificate.ts (IAM) and functions/secrets/aws.ts (Secrets Manager) may import the AWS SDK.' }] },
      ],
    },
  },
  {
    files: ['functions/data/**/*.ts', 'functions/storage/s3-store.ts', 'functions/crypto/aws-kms.ts', 'functions/crypto/aws-kms.test.ts', 'functions/crypto/iam-certificate.ts', 'functions/crypto/iam-certificate.test.ts', 'functions/secrets/aws.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
