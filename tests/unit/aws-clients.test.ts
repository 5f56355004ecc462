// SDK clients per service and region: never a default region, only the services a function was given.
import { S3Client } from '@aws-sdk/client-s3';
import { AwsClients } from '../../lib/aws/clients';

describe('AwsClients', () => {
  it('builds one client per service and region, for the region asked', async () => {
    const clients = new AwsClients({ s3: S3Client });

    const london = clients.get('s3', 'eu-west-2');

    expect(clients.get('s3', 'eu-west-2')).toBe(london);
    expect(clients.get('s3', 'eu-west-1')).not.toBe(london);
    await expect(london.config.region()).resolves.toBe('eu-west-2');
  });

  it('refuses anything that is not a region rather than letting the SDK pick one', () => {
    expect(() => new AwsClients({ s3: S3Client }).get('s3', '')).toThrow('"" is not a region');
  });

  it('says which client a function was not given, instead of bundling every SDK into every function', () => {
    expect(() => new AwsClients({ s3: S3Client }).get('backup', 'eu-west-2')).toThrow('this function was given no backup client');
  });
});
